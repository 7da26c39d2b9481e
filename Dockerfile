# One image for every service: `trading serve <service>` picks which one runs.
# The sources run through SWC at start (no build step), exactly as `npx trading` does locally.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    ONNXRUNTIME_NODE_INSTALL=skip
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
COPY data ./data
COPY tsconfig.base.json tsconfig.json nx.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force
USER node
EXPOSE 9464
ENTRYPOINT ["node", "apps/cli/bin/trading.js"]
CMD ["--help"]
