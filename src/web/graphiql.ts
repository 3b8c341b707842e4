// Starts GraphiQL (the prebuilt @graphql-yoga/render-graphiql bundle, loaded after this classic
// script as window.YogaGraphiQL) with the options and Monaco worker URLs the server put in
// <script type="application/json" id="graphiql-config">: every worker from this origin, no blob:.
interface Config {
  workers: Record<string, string>;
  options: Record<string, unknown>;
}
type Win = typeof globalThis & {
  MonacoEnvironment?: unknown;
  YogaGraphiQL?: { renderYogaGraphiQL: (root: Element, options: unknown) => void };
};

const config = JSON.parse(document.getElementById('graphiql-config')?.textContent ?? '{}') as Config;
const win = globalThis as Win;
win.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: (_moduleId: string, label: string) => config.workers[label] ?? config.workers.editorWorkerService,
};

/**
 * The editors' first content. ?query= (yoga's GraphiQL reads it) and ?variables= (we do) open a
 * given operation: the pages' "open in GraphiQL" links. Without them, on a first visit (no tabs
 * stored yet), the first example tab's variables: GraphiQL 5 fills the first tab's query editor
 * but starts its variables editor empty, so the default tab would fail with a missing variable.
 */
function initialOptions(): Record<string, unknown> {
  const params = new URL(location.href).searchParams;
  const variables = params.get('variables');
  if (variables !== null) return { ...config.options, variables };
  const tabs = config.options.defaultTabs as { variables?: string | null }[] | undefined;
  const stored = localStorage.getItem('graphiql:tabs') !== null;
  if (params.has('query') || stored || !tabs?.[0]?.variables) return config.options;
  return { ...config.options, variables: tabs[0].variables };
}

document.addEventListener('DOMContentLoaded', () => {
  const root = document.getElementById('root');
  if (root && win.YogaGraphiQL) win.YogaGraphiQL.renderYogaGraphiQL(root, initialOptions());
});
