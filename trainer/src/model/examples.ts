/** Point-in-time examples are built by the shard worker (`@auspex/shard`), the one home of that logic. */
export { cutoffExample, profileExamples, type Example, type ExampleOptions } from '@auspex/shard'
