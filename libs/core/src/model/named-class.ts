/** A class whose `.name` is `name`, so Nest and GraphQL name the type after it. */
export function namedClass(name: string): new () => object {
  return { [name]: class {} }[name];
}
