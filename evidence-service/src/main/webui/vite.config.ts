import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built by Quinoa (npm run build) into dist/, which evidence-service serves at /.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: false,
    target: 'es2022',
  },
});
