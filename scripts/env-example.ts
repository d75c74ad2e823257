/** `npm run env-example`: rewrites .env.example from the settings the code reads. */
import { writeFileSync } from 'node:fs'
import { envExample } from '../src/config/env-example.js'

writeFileSync('.env.example', envExample())
console.log('wrote .env.example')
