// The code's existing shape: no semicolons, single quotes, trailing commas, long lines.
export default { semi: false, singleQuote: true, trailingComma: 'all', printWidth: 180 }
