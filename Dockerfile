# The worker image for docker-compose.yml (and a starting point for EC2 hosts that run containers).
FROM node:22-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
ENV NODE_ENV=production
CMD ["npm", "run", "worker"]
