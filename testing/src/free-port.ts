// A TCP port free on 127.0.0.1 right now, for a child server that must keep one fixed port across
// restarts (exporters keep their endpoint). Another process could take it before the child binds it;
// on a test machine that race is rare enough.
import net from "node:net";

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
