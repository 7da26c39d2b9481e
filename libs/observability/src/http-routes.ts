// Read-only JSON endpoints a service adds beside /metrics and /health on its
// one HTTP port (e.g. market-data's GET /bars and GET /quotes/{symbol}). A
// handler gets the query and the path's parameters and answers with a status
// and a JSON body; a thrown HttpError becomes that status.
export interface RouteAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** `params` holds the `{name}` segments of a templated path, decoded. */
export type RouteHandler = (query: URLSearchParams, params: Readonly<Record<string, string>>) => Promise<RouteAnswer>;

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

interface TemplateRoute {
  readonly path: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: RouteHandler;
}

const PARAMETER = /^\{([A-Za-z][A-Za-z0-9]*)\}$/;

export class HttpRoutes {
  private readonly handlers = new Map<string, RouteHandler>();
  private readonly templates: TemplateRoute[] = [];

  /** `path` is exact (`/bars`) or has `{name}` segments (`/quotes/{symbol}`), each matching one segment, possibly empty. */
  register(path: string, handler: RouteHandler): this {
    if (!path.startsWith('/') || path === '/metrics' || path.startsWith('/health/')) throw new Error(`cannot register route ${path}`);
    if (this.handlers.has(path) || this.templates.some((route) => route.path === path)) throw new Error(`route ${path} is already registered`);
    const segments = path.split('/');
    const names = segments.flatMap((segment) => PARAMETER.exec(segment)?.[1] ?? []);
    if (names.length === 0) {
      this.handlers.set(path, handler);
      return this;
    }
    const source = segments.map((segment) => (PARAMETER.test(segment) ? '([^/]*)' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
    this.templates.push({ path, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** The handler of `path` with its parameters bound; exact paths win over templates. */
  find(path: string): ((query: URLSearchParams) => Promise<RouteAnswer>) | undefined {
    const exact = this.handlers.get(path);
    if (exact) return (query) => exact(query, {});
    for (const route of this.templates) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((name, index) => [name, decodeSegment(match[index + 1])]));
      return (query) => route.handler(query, params);
    }
    return undefined;
  }
}

/** A segment that is not valid percent-encoding is handed over as sent: the handler names it in its 400. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
