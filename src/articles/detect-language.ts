import { detect } from 'tinyld';

/** Enough text to tell a language; detecting on more only costs time. */
const SAMPLE_CHARS = 1_500;

/**
 * The ISO 639-1 code of the language a text is written in, by `tinyld`; `und` (undetermined) when
 * it cannot tell. Pure.
 *
 * @example detectLanguage('Китай и Россия договорились углублять сотрудничество') // 'ru'
 * @example detectLanguage('') // 'und'
 */
export function detectLanguage(text: string): string {
  const code = detect(text.slice(0, SAMPLE_CHARS));
  return /^[a-z]{2,3}$/.test(code) ? code : 'und';
}
