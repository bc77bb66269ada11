import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The Mockex server the dev server forwards API calls to (`pnpm start` runs one on 8080). */
const target = process.env.MOCKEX_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      '/trpc': { target, changeOrigin: true },
      '/fapi': { target, changeOrigin: true },
      '/sandbox': { target, changeOrigin: true },
    },
  },
});
