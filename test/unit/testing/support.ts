/** Shared set-up of the fake's unit tests. */
import { recommendationResource } from '../../../src/generated/analysis.koordinator.sh/v1alpha1/resources.js';
import { deploymentResource } from '../../../src/generated/apps/v1/resources.js';
import { configMapResource, podResource } from '../../../src/generated/core/v1/resources.js';
import { reservationResource } from '../../../src/generated/scheduling.koordinator.sh/v1alpha1/resources.js';

/** Loads (and builds) the schemas the tests write with, so that no test pays for it within its timeout. */
export async function warmSchemas(): Promise<void> {
  await Promise.all([reservationResource, recommendationResource, configMapResource, podResource, deploymentResource].map((d) => d.schema?.()));
}
