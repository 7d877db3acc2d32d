/**
 * Fetched bytes as text, in the encoding the HTTP header names, else the XML declaration, else an
 * HTML `<meta charset>` in the first kilobyte; UTF-8 when none does or the name is unknown.
 *
 * @example decodeText(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>café</t>', 'latin1'), null).endsWith('café</t>') // => true
 * @example decodeText(Buffer.from([0xcf, 0xf3, 0xf2, 0xe8, 0xed]), 'text/html; charset=windows-1251') // => 'Путин'
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
