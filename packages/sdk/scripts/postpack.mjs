// After `npm pack`: restore the workspace package.json saved by prepack.
import { existsSync, renameSync } from 'node:fs'

if (existsSync('package.json.workspace')) renameSync('package.json.workspace', 'package.json')
