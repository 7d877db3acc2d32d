import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../src/log/bolt-logger.js';
import { createCliLogger, createLogger } from '../../src/log/logger.js';
import { scrubSecrets } from '../../src/log/redaction.js';

function captured(level = 'debug') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level, destination, pretty: false });
  return { logger, raw: () => lines.join(''), objects: () => lines.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the logger', () => {
  it('writes JSON lines, object first, with child bindings', () => {
    const { logger, objects } = captured();
    logger.child({ command: '/brief', user: 'U1' }).info({ latencyMs: 12 }, 'request handled');
    expect(objects()[0]).toMatchObject({ level: 30, app: 'brief', command: '/brief', user: 'U1', latencyMs: 12, msg: 'request handled' });
  });

  it('censors secrets by path and by shape', () => {
    const { logger, raw } = captured();
    logger.info({ token: 'xoxb-1-secret', config: { slack: { botToken: 'zzz-secret' } }, headers: { authorization: 'Bearer abc-secret' } }, 'calling');
    logger.warn('token xoxb-22-secret and xapp-1-A-secret leaked in a message');
    logger.info({ nested: { appToken: 'plain-secret' } }, 'x');
    expect(raw()).not.toMatch(/secret/);
    expect(raw()).toContain('[redacted]');
  });

  it('scrubs tokens, signatures and bearer values from text', () => {
    expect(scrubSecrets('a xoxb-1-2-x b xoxp-9 c xapp-1-A-3')).toBe('a [redacted] b [redacted] c [redacted]');
    expect(scrubSecrets(`sig v0=${'a'.repeat(64)}`)).toBe('sig [redacted]');
    expect(scrubSecrets('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]');
    expect(scrubSecrets('nothing here')).toBe('nothing here');
  });
});

describe('boltLogger', () => {
  it('sends Bolt and Socket Mode messages through pino, scrubbed', () => {
    const { logger, objects, raw } = captured();
    const bolt = boltLogger(logger);
    bolt.setName('socket-mode');
    bolt.debug('Sending a WebSocket message:', { token: 'xapp-1-A-secret' });
    bolt.error('failed', new Error('boom'));
    const [debug, error] = objects();
    expect(debug).toMatchObject({ level: 20, component: 'socket-mode' });
    expect(error).toMatchObject({ level: 50, msg: 'failed boom', err: { message: 'boom' } });
    expect(raw()).not.toContain('secret');
    expect(bolt.getLevel()).toBe('debug');
  });
});

describe('redaction inside errors', () => {
  it('scrubs a token inside an error message, its stack and a nested string by shape', () => {
    const { logger, raw, objects } = captured();
    const err = new Error('An API error occurred: invalid_auth for xoxb-9999-8888-leakedtoken');
    logger.error({ err, detail: { note: 'retry with xapp-1-A9-leaked' } }, 'call failed');
    expect(raw()).not.toMatch(/leaked/);
    expect(objects()[0]).toMatchObject({ err: { message: 'An API error occurred: invalid_auth for [redacted]' } });
  });
});

describe('objects hung on errors', () => {
  it("logs an error's plain fields, never a library's client object (pg puts its connection, password included, on errors)", () => {
    const { logger, raw, objects } = captured();
    class Client {
      connectionParameters = { user: 'brief', password: 'hunter2-db-password', host: 'db' };
    }
    const cause = Object.assign(new Error('socket closed'), { code: 'ECONNRESET' });
    const err = Object.assign(new Error('Connection terminated unexpectedly', { cause }), { client: new Client(), data: { ok: false, error: 'fatal_error' }, attempts: 2 });
    logger.warn({ err }, 'database connection lost');
    expect(raw()).not.toContain('hunter2');
    expect(raw()).not.toContain('connectionParameters');
    // pino folds the cause into the message and stack.
    expect(objects()[0]).toMatchObject({ err: { type: 'Error', message: 'Connection terminated unexpectedly: socket closed', data: { ok: false, error: 'fatal_error' }, attempts: 2 } });
  });
});

describe('the configuration log line', () => {
  it('shows [set] and [unset] for secrets, as the README says, and never their values', async () => {
    const { readConfig, describeConfig } = await import('../../src/config/read-config.js');
    const { config } = readConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-configsecret', SLACK_SIGNING_SECRET: 'sign-configsecret' });
    const { logger, raw, objects } = captured();
    logger.info({ config: describeConfig(config!) }, 'starting Brief');
    expect(objects()[0]).toMatchObject({ config: { slack: { botToken: '[set]', signingSecret: '[set]', appToken: '[unset]' } } });
    expect(raw()).not.toMatch(/configsecret/);
  });
});

describe('the command-line logger', () => {
  it('takes LOG_LEVEL when it names a level (any case) and warn otherwise, inherited names included', () => {
    expect(createCliLogger(' DEBUG ').level).toBe('debug');
    expect(createCliLogger('silent').level).toBe('silent');
    for (const raw of [undefined, '', 'loud', 'constructor', '__proto__']) expect(createCliLogger(raw).level, String(raw)).toBe('warn');
  });
});
