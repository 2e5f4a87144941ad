# Three workers wait for jobs on a Thread::Queue that stays empty; main joins them: an idle Perl program.
use strict;
use warnings;
use threads;
use Thread::Queue;

my $jobs = Thread::Queue->new();
my @workers = map { threads->create(sub { while (defined(my $job = $jobs->dequeue())) { print "$job\n"; } }) } 1 .. 3;
$_->join for @workers;
