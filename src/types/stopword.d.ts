// The stopword package ships no type declarations; these cover what Brief uses.
declare module 'stopword' {
  /** English stop words, lower-case. */
  export const eng: string[];
  /** Stop words of other languages (ISO 639-3 names), as the package lists them. */
  export const ara: string[];
  export const bul: string[];
  export const ell: string[];
  export const fas: string[];
  export const heb: string[];
  export const hin: string[];
  export const jpn: string[];
  export const kor: string[];
  export const mar: string[];
  export const rus: string[];
  export const tha: string[];
  export const ukr: string[];
  export const urd: string[];
  export const zho: string[];
}
