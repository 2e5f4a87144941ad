"""An asyncio server waiting for connections: its event loop waits in the selector. faulthandler's watchdog
(dump_traceback_later) prints the thread after half a second and ends the process."""
import asyncio
import faulthandler


async def echo(reader, writer):
    writer.write(await reader.readline())


async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    async with server:
        await server.serve_forever()


faulthandler.dump_traceback_later(0.5, exit=True)
asyncio.run(main())
