import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadTestkitConfig } from '../../src/config.js';

describe('config', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.neo4j.database).toBe('neo4j');
    expect(config.local).toMatchObject({ version: '5.26.30', boltPort: 7687, heap: '1g', pageCache: '512m' });
    expect(config.writeTokens).toEqual([]);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        NEO4J_URI: 'http://x',
        NEO4J_PASSWORD: 'short',
        NEO4J_HEAP: 'lots',
        NEO4J_VERSION: '5.27.0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'NEO4J_HEAP',
      'NEO4J_PASSWORD',
      'NEO4J_URI',
      'NEO4J_VERSION',
      'PORT',
    ]);
    expect((error as Error).message).toContain('PORT');
    expect((error as Error).message).toContain('"eighty"');
  });

  it('accepts routing URIs for clusters and Aura', () => {
    expect(loadConfig({ NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io' }).neo4j.uri).toBe(
      'neo4j+s://abc.databases.neo4j.io',
    );
    expect(loadConfig({ NEO4J_URI: 'neo4j://core1:7687' }).neo4j.uri).toBe('neo4j://core1:7687');
  });

  it('parses write tokens and rejects short ones', () => {
    expect(loadConfig({ PAPERGRAPH_WRITE_TOKENS: 'aaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbb' }).writeTokens).toEqual([
      'aaaaaaaaaaaaaaaa',
      'bbbbbbbbbbbbbbbb',
    ]);
    expect(() => loadConfig({ PAPERGRAPH_WRITE_TOKENS: 'short' })).toThrow(/at least 16/);
  });

  it('turns GraphiQL and introspection off in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ graphiql: false, introspection: false });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
  });

  it("reads the test kit's image and network, and names a bad network", () => {
    expect(loadTestkitConfig({})).toEqual({ neo4jImage: undefined, network: 'host' });
    expect(loadTestkitConfig({ PAPERGRAPH_NEO4J_IMAGE: 'x/neo4j:1', PAPERGRAPH_TESTKIT_NETWORK: 'bridge' })).toEqual({
      neo4jImage: 'x/neo4j:1',
      network: 'bridge',
    });
    expect(() => loadTestkitConfig({ PAPERGRAPH_TESTKIT_NETWORK: 'overlay' })).toThrow(
      /PAPERGRAPH_TESTKIT_NETWORK: .*"host".*"bridge".* \(got "overlay"\)/,
    );
  });
});
