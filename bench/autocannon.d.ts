declare module 'autocannon' {
  namespace autocannon {
    interface Result {
      requests: { average: number; total: number }
      errors: number
      non2xx: number
    }
  }
  function autocannon(
    opts: {
      url: string
      connections?: number
      duration?: number
      requests?: {
        setupRequest?: (req: Record<string, unknown>) => Record<string, unknown>
      }[]
    },
    cb: (err: Error | null, result: autocannon.Result) => void,
  ): import('node:events').EventEmitter
  export default autocannon
}
