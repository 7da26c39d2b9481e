# One image for every service: `trading serve <service>` picks which one runs.
# The sources run through SWC at start (no build step), exactly as `npx trading`
# does locally. Build: docker build -t fx-trading/trading-system:<package.json version> .
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    ONNXRUNTIME_NODE_INSTALL=skip
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
# The sample bars MARKET_DATA_FILES names (paths relative to /app).
COPY data ./data
COPY tsconfig.base.json tsconfig.json nx.json ./
# Production dependencies only. No install scripts, as in development: every
# native binary (SWC) comes as a prebuilt platform package from the registry.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# uid 1000 (the k8s manifests run as it); SWC caches transforms in /tmp.
USER node
EXPOSE 9464
ENTRYPOINT ["node", "apps/cli/bin/trading.js"]
CMD ["--help"]
