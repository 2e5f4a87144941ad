# A Ruby thread that computes for ever; main joins it: a busy Ruby program (Debian's libruby has no symbols for
# the VM's own functions, so the running thread's innermost frames are unnamed frames of libruby).
counter = Thread.new { x = 0; loop { x += 1 } }
counter.join
