/** Where a delegation's CAR lives in the delegation bucket (w3infra's layout, also R2's). */
export const delegationKey = (cid: string) => `/delegations/${cid}.car`
