// A Rust program with the waits std offers: two threads deadlocked on two std::sync::Mutex (ABBA), a worker
// waiting for jobs on an mpsc channel, a thread waiting on a Condvar nobody signals, and main joining the first
// of the deadlocked threads. Built with rustc -g (debug info, as cargo build does).
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

fn update_config(config: Arc<Mutex<u32>>, cache: Arc<Mutex<u32>>) {
    let _c = config.lock().unwrap();
    thread::sleep(Duration::from_millis(200));
    let _k = cache.lock().unwrap(); // refresh_cache holds it and waits for config
}

fn refresh_cache(config: Arc<Mutex<u32>>, cache: Arc<Mutex<u32>>) {
    let _k = cache.lock().unwrap();
    thread::sleep(Duration::from_millis(200));
    let _c = config.lock().unwrap();
}

fn main() {
    let config = Arc::new(Mutex::new(0));
    let cache = Arc::new(Mutex::new(0));
    let (tx, rx) = mpsc::channel::<u32>();
    let ready = Arc::new((Mutex::new(false), Condvar::new()));

    let (c1, k1) = (config.clone(), cache.clone());
    let updater = thread::Builder::new().name("config-updater".into())
        .spawn(move || update_config(c1, k1)).unwrap();
    let (c2, k2) = (config.clone(), cache.clone());
    thread::Builder::new().name("cache-refresher".into())
        .spawn(move || refresh_cache(c2, k2)).unwrap();
    thread::Builder::new().name("job-worker".into())
        .spawn(move || { for job in rx { println!("job {}", job); } }).unwrap();
    let r = ready.clone();
    thread::Builder::new().name("waiter".into())
        .spawn(move || {
            let (lock, cvar) = &*r;
            let mut started = lock.lock().unwrap();
            while !*started {
                started = cvar.wait(started).unwrap();
            }
        }).unwrap();
    println!("ready");
    updater.join().unwrap();
    drop(tx);
}
