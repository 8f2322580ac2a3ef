// Renders a stored timestamp as a <time> element with a short, locale-neutral date.

const format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/** Accepts ISO strings, SQLite "YYYY-MM-DD HH:MM:SS" (UTC) and epoch numbers in text; otherwise shows the raw value. */
export function DateTime(props: { value: string }) {
  const raw = props.value;
  const normalized = /^\d+$/.test(raw)
    ? Number(raw) * (raw.length <= 10 ? 1000 : 1)
    : /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(raw)
      ? `${raw.replace(' ', 'T')}Z`
      : raw;
  const date = new Date(normalized);
  if (Number.isNaN(date.getTime())) return <span>{raw}</span>;
  return (
    <time datetime={date.toISOString()} title={`${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`}>
      {format.format(date)}
    </time>
  );
}
