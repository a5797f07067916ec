/**
 * The never-check that ends every switch over a closed union (event types, roles, views): the call
 * type-checks only when every member was handled above it, so adding a member to the union fails
 * `npm run typecheck` at each place that must decide about it.
 *
 * At run time the value can still be outside the union (an event stored by a newer server, a message from
 * another client): the caller says what happens then, and it must be the safe answer (withhold, ignore).
 */
export function unhandled<R>(value: never, fallback: R): R {
  void value;
  return fallback;
}
