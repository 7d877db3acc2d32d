// The stopword package ships no type declarations; these cover what Brief uses.
declare module 'stopword' {
  /** English stop words, lower-case. */
  export const eng: string[];
}
