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
document.addEventListener('DOMContentLoaded', () => {
  const root = document.getElementById('root');
  if (root && win.YogaGraphiQL) win.YogaGraphiQL.renderYogaGraphiQL(root, config.options);
});
