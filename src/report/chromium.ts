// Starts Chromium ourselves, before puppeteer is even loaded, so that the browser's start-up (the
// slowest step of a one-report run) overlaps with loading puppeteer and rendering the report.
// The DevTools protocol runs over a pair of pipes (--remote-debugging-pipe): no port is opened.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-extensions',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--mute-audio',
  '--remote-debugging-pipe',
];

/** The shape puppeteer.connect({ transport }) takes. */
export interface PipeTransport {
  send(message: string): void;
  close(): void;
  onmessage?: (message: string) => void;
  onclose?: () => void;
}

export interface RunningChromium {
  process: ChildProcess;
  transport: PipeTransport;
  stop(): Promise<void>;
}

// Chromium reads commands from its fd 3 and writes replies and events to fd 4, each message a JSON
// text ended by a NUL byte.
function pipeTransport(toChromium: Writable, fromChromium: Readable): PipeTransport {
  const transport: PipeTransport = {
    send(message) {
      toChromium.write(`${message}\0`);
    },
    close() {
      toChromium.end();
    },
  };
  let pending = '';
  fromChromium.setEncoding('utf8');
  fromChromium.on('data', (chunk: string) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf('\0')) !== -1) {
      const message = pending.slice(0, end);
      pending = pending.slice(end + 1);
      transport.onmessage?.(message);
    }
  });
  fromChromium.on('close', () => transport.onclose?.());
  toChromium.on('error', () => undefined);
  return transport;
}

// The browser's profile is thrown away after the run. On Linux it goes to memory (/dev/shm), where
// Chromium creates its few hundred profile files, and they are deleted, faster than on disk;
// TMPDIR, when set, is respected; any failure falls back to the system's temporary folder.
async function freshProfile(): Promise<string> {
  if (process.platform === 'linux' && !process.env.TMPDIR) {
    try {
      return await mkdtemp(join('/dev/shm', 'plan-chromium-'));
    } catch {
      // no /dev/shm, or it is full or read-only
    }
  }
  return mkdtemp(join(tmpdir(), 'plan-chromium-'));
}

export async function startChromium(executablePath: string): Promise<RunningChromium> {
  const userDataDir = await freshProfile();
  // Its own process group (not on Windows), so that stopping it stops its helper processes too: a
  // network service left running a moment writes into the profile while it is being deleted.
  const group = process.platform !== 'win32';
  const child = spawn(executablePath, [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    detached: group,
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      let groupKilled = false;
      try {
        if (group && child.pid) {
          process.kill(-child.pid, 'SIGKILL');
          groupKilled = true;
        } else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      // Killed as a group, no process of the browser runs again: its profile can go at once, and this
      // process need not wait for the system to tear the browser down. Alone, the browser's helpers
      // outlive it for a moment: wait for it.
      if (groupKilled) {
        for (const stream of child.stdio) stream?.destroy();
        child.unref();
      } else await exited;
    } else if (group && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    }
    // A helper that had not yet died may still add a file: try again briefly.
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
  };
  // A browser that cannot start says so at once: fail on spawn errors and early exits.
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    const onExit = (code: number | null) => reject(new Error(`exited at start (code ${code}): ${stderr.trim().split('\n').slice(-2).join(' ')}`));
    child.once('error', onError);
    child.once('exit', onExit);
    child.once('spawn', () => {
      child.off('error', onError);
      setImmediate(() => {
        child.off('exit', onExit);
        resolve();
      });
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  const transport = pipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable);
  return { process: child, transport, stop };
}
