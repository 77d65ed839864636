#!/usr/bin/env node
// `npm run parley -- …`: runs the CLI from the built API, building it first when missing.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}api/dist/cli/cli.js`;
if (!existsSync(cli)) execSync('npm run -s build -w @parley/shared && npm run -s build -w @parley/api', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const { status } = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(status ?? 1);
