// The widget's UI strings: English, a few built-in languages (data-lang), and overrides (data-strings, JSON).
export const EN = {
  open: 'Open chat',
  close: 'Close chat',
  title: 'Chat',
  input: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  stop: 'Stop',
  reset: 'New conversation',
  error: 'Something went wrong. Please try again.',
  limited: 'Too many messages. Try again in {s} s.',
  offline: 'The chat is not available right now.',
  replied: 'New reply',
  good: 'Good answer',
  bad: 'Bad answer',
  attach: 'Attach a file',
  remove: 'Remove the file',
  download: 'Download the file',
  types: 'This chat accepts {t} files up to {s}.',
  source: 'Source',
};
export type Strings = typeof EN;

const LANGS: Record<string, Partial<Strings>> = {
  fr: {
    open: 'Ouvrir le chat',
    close: 'Fermer le chat',
    title: 'Discussion',
    placeholder: 'Écrivez un message…',
    send: 'Envoyer',
    stop: 'Arrêter',
    reset: 'Nouvelle conversation',
    error: 'Un problème est survenu. Réessayez.',
    limited: 'Trop de messages. Réessayez dans {s} s.',
    offline: 'Le chat est indisponible pour le moment.',
    replied: 'Nouvelle réponse',
    good: 'Bonne réponse',
    bad: 'Mauvaise réponse',
  },
  de: {
    open: 'Chat öffnen',
    close: 'Chat schließen',
    input: 'Nachricht',
    placeholder: 'Nachricht schreiben…',
    send: 'Senden',
    stop: 'Stopp',
    reset: 'Neues Gespräch',
    error: 'Etwas ist schiefgelaufen. Bitte erneut versuchen.',
    limited: 'Zu viele Nachrichten. In {s} s erneut versuchen.',
    offline: 'Der Chat ist gerade nicht verfügbar.',
    replied: 'Neue Antwort',
    good: 'Gute Antwort',
    bad: 'Schlechte Antwort',
  },
  es: {
    open: 'Abrir chat',
    close: 'Cerrar chat',
    input: 'Mensaje',
    placeholder: 'Escribe un mensaje…',
    send: 'Enviar',
    stop: 'Detener',
    reset: 'Nueva conversación',
    error: 'Algo salió mal. Inténtalo de nuevo.',
    limited: 'Demasiados mensajes. Inténtalo en {s} s.',
    offline: 'El chat no está disponible ahora.',
    replied: 'Nueva respuesta',
    good: 'Buena respuesta',
    bad: 'Mala respuesta',
  },
};

/** `lang` like "fr-CA" falls back to "fr", then English; `custom` (parsed JSON) wins over both. */
export function strings(lang: string | undefined, custom: Partial<Strings> | undefined): Strings {
  const base = (lang || '').toLowerCase().split('-')[0]!;
  return { ...EN, ...LANGS[base], ...custom };
}
