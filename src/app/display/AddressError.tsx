import { LoadingScreen } from './LoadingScreen.tsx';
import type { ParamsProblem } from './params.ts';
import { useDisplayT } from './strings.ts';

/** The page when its address cannot be read (params.ts): the loading screen with what was wrong, in the
 * page's language. Nothing else starts: a wall opened with a mistyped address shows only this. */
// `title` is a name (the product's, before any installation is known), shown as written.
export function AddressError({ title, problem }: { readonly title: string; readonly problem: ParamsProblem }) {
  const t = useDisplayT();
  return <LoadingScreen title={title} steps={[]} done={false} error={t(problem.code, problem.params)} />;
}
