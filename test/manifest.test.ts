import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BRIEF_COMMAND } from '../src/slack/listeners/commands/brief-command.js';
import { ROOT, SHARED } from './support/paths.js';

const readJson = (file: string) => JSON.parse(readFileSync(path.join(SHARED, 'slack', file), 'utf8')) as Record<string, unknown>;
const SUB_SCHEMA_URL = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/';

function validator() {
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // The top-level schema refers to its sub-schemas by URL: register the local copies under those URLs.
  ajv.addSchema(readJson('manifest.schema.1.0.0.json'), `${SUB_SCHEMA_URL}manifest.schema.1.0.0.json`);
  ajv.addSchema(readJson('manifest.schema.2.0.0.json'), `${SUB_SCHEMA_URL}manifest.schema.2.0.0.json`);
  return ajv.compile(readJson('manifest.schema.json'));
}

const text = readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8');
const manifest = parse(text) as {
  features: { slash_commands: { command: string; description: string; usage_hint?: string }[]; app_home: Record<string, boolean>; assistant_view?: { assistant_description: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
};

const validate = validator();

describe('manifest.yml', () => {
  it("validates against Slack's manifest schema", () => {
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail', () => {
    expect(validate({ ...manifest, display_information: { name: '' } })).toBe(false);
    expect(validate({ ...manifest, features: { ...manifest.features, assistant_view: { suggested_prompts: [] } } })).toBe(false);
    expect(validate({ ...manifest, features: { ...manifest.features, slash_commands: [{ command: 'brief', description: 'x' }] } })).toBe(false);
  });

  it('declares /brief with a description and usage hint, the events, the agent pane, interactivity and Socket Mode', () => {
    const [command] = manifest.features.slash_commands;
    expect(command?.command).toBe(BRIEF_COMMAND);
    expect(command?.description.length).toBeGreaterThan(10);
    expect(command?.usage_hint).toMatch(/help/);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_mention', 'assistant_thread_context_changed', 'assistant_thread_started', 'message.im']);
    expect(manifest.features.assistant_view?.assistant_description.length).toBeGreaterThan(10);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
  });

  it('asks for the least bot scopes, each with a comment saying why', () => {
    const scopes = manifest.oauth_config.scopes.bot;
    expect([...scopes].sort()).toEqual(['app_mentions:read', 'assistant:write', 'channels:history', 'chat:write', 'commands', 'groups:history', 'im:history']);
    for (const scope of scopes) expect(text).toMatch(new RegExp(`- ${scope.replace('.', '\\.')} +# \\S.{10,}`));
  });
});
