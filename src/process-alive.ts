// Whether a process named in a lock or a staging folder is still running: its leftovers are its
// own while it runs, and anyone's to remove once it is gone.
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
