/** IPVS load-balancer state: virtual services, their schedulers and persistence, and their real servers. */
package io.netprove.model.ipvs;
