// Read-only JSON endpoints a service adds beside /metrics and /health on its
// one HTTP port (e.g. market-data's GET /bars). A handler gets the query and
// answers with a status and a JSON body; a thrown HttpError becomes that status.
export interface RouteAnswer {
  readonly status: number;
  readonly body: unknown;
}

export type RouteHandler = (query: URLSearchParams) => Promise<RouteAnswer>;

/** A client mistake: answered with `status` and `{ error, field }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export class HttpRoutes {
  private readonly handlers = new Map<string, RouteHandler>();

  register(path: string, handler: RouteHandler): this {
    if (!path.startsWith('/') || path === '/metrics' || path.startsWith('/health/')) throw new Error(`cannot register route ${path}`);
    if (this.handlers.has(path)) throw new Error(`route ${path} is already registered`);
    this.handlers.set(path, handler);
    return this;
  }

  find(path: string): RouteHandler | undefined {
    return this.handlers.get(path);
  }
}
