import {
  listCustomers,
  listCustomerSpaces,
  prepareCustomer,
  recordCustomer,
} from './customer-steps.js'
import { describeWorker } from './describe-worker.js'
import {
  migrateSmallCustomers,
  smallCustomersPorts,
} from './migrate-small-customers.js'
import { migrateSmallSpaces, smallSpacesPorts } from './migrate-small-spaces.js'
import { migrateUploadPage } from './migrate-upload-page.js'
import { recordPause } from './pause-steps.js'
import type { ActivityDeps } from './ports.js'
import { beginSpace, countSpaceUploads, finishSpace } from './space-steps.js'
import { uploadPagePorts } from './upload-page-ports.js'

export type { ActivityDeps, MigrationPorts, WorkerIdentity } from './ports.js'

/** Every activity, bound to the dependencies the worker built once. */
export const createActivities = (deps: ActivityDeps) => ({
  describeWorker: describeWorker(deps),
  listCustomers: listCustomers(deps),
  listCustomerSpaces: listCustomerSpaces(deps),
  prepareCustomer: prepareCustomer(deps),
  recordCustomer: recordCustomer(deps),
  beginSpace: beginSpace(deps),
  countSpaceUploads: countSpaceUploads(deps),
  migrateUploadPage: migrateUploadPage(uploadPagePorts(deps)),
  migrateSmallSpaces: migrateSmallSpaces(smallSpacesPorts(deps)),
  migrateSmallCustomers: migrateSmallCustomers(smallCustomersPorts(deps)),
  finishSpace: finishSpace(deps),
  recordPause: recordPause(deps),
})

export type Activities = ReturnType<typeof createActivities>
