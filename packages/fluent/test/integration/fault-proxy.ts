// The kube-harness fault proxy (tooling/kube-harness/src/fault-proxy.ts). It is not exported
// from `@pause/kube-harness` yet; switch this line to the package import once it is.
export {
  type FaultProxy,
  type ProxyFault,
  type RequestMatch as ProxyMatch,
  startFaultProxy,
} from '../../../../tooling/kube-harness/src/fault-proxy.ts';
