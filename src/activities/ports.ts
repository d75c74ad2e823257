/** What activities need from the worker process; built once by the worker, never per activity. */
export interface ActivityDeps {
  worker: {
    identity: string
    env: string
    taskQueue: string
  }
}
