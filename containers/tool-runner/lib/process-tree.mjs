// Ending a run's processes: its whole process group at once, then any descendant that left the group.
import { readdir, readFile } from 'node:fs/promises';

/** SIGKILL to every process in the group led by `pid` (the run was spawned detached, so pgid = pid). */
export function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {}
}

/**
 * Kills processes of this run that left its process group (setsid, daemonizing) but kept its TOOL_RUN_ID.
 * Linux only (/proc); a process that also clears its environment escapes this, which README.md says.
 */
export async function sweep(runId) {
  const names = await readdir('/proc').catch(() => []);
  const marker = Buffer.from(`TOOL_RUN_ID=${runId}\0`);
  await Promise.all(
    names
      .filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid)
      .map(async (n) => {
        const env = await readFile(`/proc/${n}/environ`).catch(() => null);
        if (env?.includes(marker)) {
          try {
            process.kill(Number(n), 'SIGKILL');
          } catch {}
        }
      }),
  );
}
