/**
 * Asking for passwords on the command line without showing them: a readline prompt whose echo is muted (only on a
 * terminal), and reading a password from standard input (`--password-stdin`, for scripts). Passwords never appear
 * in argv (visible to other users in the process list) unless a user puts them there.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Ask `question` on stderr and read one line from stdin without echoing it. `what` names the secret in the error
 * ("your workstation password", "the new user's password"), never "a password" alone: the CLI also takes meter passwords.
 * @throws Error (plain) when stdin is not a terminal (use PMU_PASSWORD or --password-stdin instead).
 */
export function promptHidden(
  question: string,
  io: { input?: NodeJS.ReadStream; output?: NodeJS.WriteStream } = {},
  what: { name: string; from: string } = { name: 'Your workstation password', from: 'set PMU_PASSWORD' },
): Promise<string> {
  const input = io.input ?? process.stdin;
  const output = io.output ?? process.stderr;
  if (!input.isTTY) {
    return Promise.reject(new Error(`${what.name} is needed and this is not a terminal to ask it on: ${what.from}.`));
  }
  let muted = false;
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output: sink, terminal: true });
  return new Promise((resolve, reject) => {
    rl.question(question, (answer) => {
      rl.close();
      output.write('\n');
      resolve(answer);
    });
    muted = true;
    rl.on('SIGINT', () => {
      rl.close();
      output.write('\n');
      reject(new Error('Cancelled.'));
    });
  });
}

/** Read all of stdin as text and drop one trailing line end (`echo secret | pmu … --password-stdin`). */
export async function readStdinLine(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
