import { SETTINGS, type ReadValue, type SettingName, type SettingValue } from './settings.js';

/** One missing or malformed variable. */
export interface ConfigProblem {
  variable: string;
  problem: string;
}

/** Reads settings of the table from one environment object. */
export interface SettingsReader {
  /** The parsed value; when unset or malformed, the default's (the problem is kept). */
  read: <K extends SettingName>(name: K) => ReadValue<K>;
  /** Whether the variable holds anything (empty and blank count as unset). */
  isSet: (name: SettingName) => boolean;
}

/**
 * A reader over `env` that pushes each problem (variable and what was expected) onto `problems`.
 * Values are trimmed; empty counts as unset. Only own properties of `env` are read. Pure.
 *
 * @example
 * const problems: ConfigProblem[] = [];
 * const { read } = settingsReader({ PORT: 'x' }, problems);
 * read('PORT') // => 3000
 * problems // => [{ variable: 'PORT', problem: 'expected a whole number from 0 to 65535, got "x"' }]
 */
export function settingsReader(env: Readonly<Record<string, string | undefined>>, problems: ConfigProblem[]): SettingsReader {
  const raw = (name: SettingName): string | undefined => {
    const v = Object.hasOwn(env, name) ? env[name]?.trim() : undefined;
    return v === undefined || v === '' ? undefined : v;
  };
  const fallback = <K extends SettingName>(name: K): SettingValue<K> | undefined => {
    const setting: { default?: string; parse: (raw: string) => unknown } = SETTINGS[name];
    if (setting.default === undefined) return undefined;
    const parsed = setting.parse(setting.default) as { value?: SettingValue<K> };
    return parsed.value;
  };
  const read = <K extends SettingName>(name: K): ReadValue<K> => {
    const value = raw(name);
    if (value === undefined) return fallback(name) as ReadValue<K>;
    const parsed = (SETTINGS[name].parse as (raw: string) => { value: SettingValue<K> } | { problem: string })(value);
    if ('problem' in parsed) {
      problems.push({ variable: name, problem: parsed.problem });
      return fallback(name) as ReadValue<K>;
    }
    return parsed.value as ReadValue<K>;
  };
  return { read, isSet: (name) => raw(name) !== undefined };
}
