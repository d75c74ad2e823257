/** The demo world `dev` seeds unless told otherwise: 6 customers × 2 spaces × 8 uploads. */
export const DEV_WORLD = {
  seed: 'dev',
  customers: 6,
  spacesPerCustomer: 2,
  uploadsPerSpace: 8,
} as const
