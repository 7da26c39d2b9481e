// Nest runs every message handler inside its RPC exception layer, whose default
// filter replaces any error that is not an RpcException with
// `{ status: 'error', message: 'Internal server error' }`. The bus needs the
// error itself: a RejectMessage is dead-lettered at once with its reason, any
// other error is redelivered and, after the last delivery, dead-lettered with
// its message. `@BusEvent` and `@BusRequest` put this filter on every handler
// method, so the error reaches the transport as it was thrown, whatever the
// application's global filters are. To translate errors, use an interceptor
// (rxjs `catchError`), which runs inside this filter.
import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

@Catch()
export class BusExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** One instance serves every handler: the filter holds no state. */
export const BUS_EXCEPTION_FILTER = new BusExceptionFilter();
