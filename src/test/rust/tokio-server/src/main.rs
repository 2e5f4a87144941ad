// A tokio TCP echo server on loopback. argv[1]: "idle" (serve), "spin" (a task computes for ever on a worker),
// "deadlock" (two blocking-pool tasks take two std::sync::Mutex in opposite order), "crash" (a task dereferences null).
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn spin() -> u64 {
    let mut x: u64 = 1;
    loop {
        x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
    }
}

#[tokio::main(worker_threads = 2)]
async fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "idle".into());
    let port = std::env::args().nth(2).unwrap_or_else(|| "5556".into());
    let listener = TcpListener::bind(format!("127.0.0.1:{}", port)).await.unwrap();
    if mode == "spin" {
        tokio::spawn(async { spin() });
    }
    if mode == "deadlock" {
        let a = Arc::new(Mutex::new(0));
        let b = Arc::new(Mutex::new(0));
        let (a1, b1, a2, b2) = (a.clone(), b.clone(), a.clone(), b.clone());
        tokio::task::spawn_blocking(move || { let _x = a1.lock().unwrap(); std::thread::sleep(Duration::from_millis(200)); let _y = b1.lock().unwrap(); });
        tokio::task::spawn_blocking(move || { let _y = b2.lock().unwrap(); std::thread::sleep(Duration::from_millis(200)); let _x = a2.lock().unwrap(); });
    }
    if mode == "crash" {
        tokio::spawn(async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let p: *const u32 = std::ptr::null();
            unsafe { std::ptr::read_volatile(p) }
        });
    }
    loop {
        let (mut socket, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            let mut buf = [0u8; 1024];
            loop {
                let n = match socket.read(&mut buf).await { Ok(0) | Err(_) => return, Ok(n) => n };
                if socket.write_all(&buf[..n]).await.is_err() { return; }
            }
        });
    }
}
