import { mountScene, type ScenePage } from './scene-page.tsx';
import { createParticleBench } from './particle-bench.ts';

declare global {
  interface Window {
    meshworkScene?: ScenePage;
    meshworkBench?: ReturnType<typeof createParticleBench>;
  }
}

const root = document.getElementById('root') as HTMLElement;
const params = new URLSearchParams(location.search);
if (params.has('bench')) {
  window.meshworkBench = createParticleBench(root);
} else {
  mountScene(root).then(
    (scene) => {
      window.meshworkScene = scene;
    },
    (e: unknown) => {
      // Tests wait for either the scene or this.
      document.body.dataset.error = e instanceof Error ? e.message : String(e);
      console.error(e);
    },
  );
}
