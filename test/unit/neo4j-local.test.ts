import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { neo4jConf, portInUse } from '../../src/neo4j-local/server.js';

describe('local Neo4j configuration', () => {
  it('binds only to loopback and sets memory explicitly', () => {
    const conf = neo4jConf({ boltPort: 7777, pageCache: '256m', dataDir: '/tmp/x' });
    expect(conf).toContain('server.bolt.listen_address=127.0.0.1:7777');
    expect(conf).toContain('server.default_listen_address=127.0.0.1');
    expect(conf).toContain('server.memory.pagecache.size=256m');
    expect(conf).toContain('dbms.usage_report.enabled=false');
    expect(conf).toContain('server.http.enabled=false');
    expect(conf).toContain('server.directories.data=/tmp/x');
  });

  it('detects a port in use', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as net.AddressInfo;
    expect(await portInUse(port)).toBe(true);
    await new Promise((r) => server.close(r));
    expect(await portInUse(port)).toBe(false);
  });
});
