/** The seeded bottom-k sampler and its hashes live in the shard worker (`@auspex/shard`), which builds the samples. */
export { BottomKSample, DEFAULT_MAX_EXAMPLES, DEFAULT_SEED, hashPrefix, selectKth, unitHash, unitHashAfter } from '@auspex/shard'
