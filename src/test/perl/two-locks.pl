# Two threads take two threads::shared locks in opposite orders: each holds one and waits for the other (an ABBA
# deadlock of a Perl program; lock() waits on a condition variable of threads::shared until the owner leaves).
use strict;
use warnings;
use threads;
use threads::shared;

my $accounts :shared = 0;
my $ledger :shared = 0;
my $transfer = threads->create(sub { lock($accounts); sleep 1; lock($ledger); });
my $audit = threads->create(sub { lock($ledger); sleep 1; lock($accounts); });
$_->join for ($transfer, $audit);
