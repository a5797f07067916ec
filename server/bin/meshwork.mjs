#!/usr/bin/env node
// Entry point of the `meshwork` command. The CLI is written in TypeScript; tsx compiles it on the fly so that
// a fresh clone runs with `npm install` alone (no build step for the server).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli.ts');
process.exitCode = await main(process.argv.slice(2));
