/**
 * Fetched bytes as text, in the encoding the HTTP header names, else the XML declaration, else an
 * HTML `<meta charset>` in the first kilobyte; UTF-8 when none does or the name is unknown.
 *
 * @example decodeText(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>…', 'latin1'), null)
 * @example decodeText(Buffer.from('<meta charset="windows-1251">…'), 'text/html') // read as windows-1251
 */
export function decodeText(bytes: Uint8Array, contentType: string | null | undefined): string {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const declared =
    /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1] ??
    /^\uFEFF?<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(head)?.[1] ??
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ??
    'utf-8';
  try {
    return new TextDecoder(declared.toLowerCase()).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
