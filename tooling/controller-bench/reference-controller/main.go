// pause-reference-controller: the client-go baseline of tooling/controller-bench.
//
// A plain client-go controller, written the way the sample-controller is: a dynamic
// informer on one custom resource, a rate-limited work queue
// (workqueue.DefaultControllerRateLimiter), N workers (default 2), client QPS 200 / burst 400.
// For each object:
//   - labelled with --label and without a Paused=True condition: set Paused=True;
//   - not labelled and carrying a Paused condition: remove it.
//
// Both writes are the same RV-guarded JSON Patch on /status as @pause/core's
// conditionJsonPatch: `test /metadata/resourceVersion`, then add/replace (or test the
// entry's type + remove) by index, so entries of other types are never touched.
// A 422 (the test failed: someone wrote first) is retried through the rate limiter;
// the informer delivers the newer object meanwhile. With --events, each successful write
// also records an Event (Paused / Resumed) through client-go's record.EventBroadcaster.
//
// Built against the client-go vendored in Debian's kubernetes 1.20 source package
// (GOPATH layout, GO111MODULE=off) by tooling/kube-harness/scripts/build-reference-controller.sh.
// Prints "READY" on stdout once the informer cache has synced.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

type controller struct {
	client    dynamic.Interface
	gvr       schema.GroupVersionResource
	lister    cache.GenericLister
	queue     workqueue.RateLimitingInterface
	labelKey  string
	condType  string
	// recorder is set with --events: an Event per transition through client-go's broadcaster.
	recorder  record.EventRecorder
	writes    int64
	conflicts int64
	errors    int64
}

type jsonPatchOp struct {
	Op    string      `json:"op"`
	Path  string      `json:"path"`
	Value interface{} `json:"value,omitempty"`
}

func (c *controller) enqueue(obj interface{}) {
	key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj)
	if err != nil {
		return
	}
	c.queue.Add(key)
}

func (c *controller) runWorker() {
	for c.processNext() {
	}
}

func (c *controller) processNext() bool {
	item, shutdown := c.queue.Get()
	if shutdown {
		return false
	}
	defer c.queue.Done(item)
	key := item.(string)
	if err := c.sync(key); err != nil {
		c.queue.AddRateLimited(key)
		return true
	}
	c.queue.Forget(key)
	return true
}

// conditionIndexes returns the conditions list (nil if absent) and the indexes of entries of condType.
func conditionIndexes(u *unstructured.Unstructured, condType string) ([]interface{}, []int, bool) {
	conds, found, err := unstructured.NestedSlice(u.Object, "status", "conditions")
	if err != nil || !found {
		return nil, nil, false
	}
	var idx []int
	for i, c := range conds {
		m, ok := c.(map[string]interface{})
		if ok && m["type"] == condType {
			idx = append(idx, i)
		}
	}
	return conds, idx, true
}

func (c *controller) sync(key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	var obj interface{}
	if ns == "" {
		obj, err = c.lister.Get(name)
	} else {
		obj, err = c.lister.ByNamespace(ns).Get(name)
	}
	if err != nil {
		return nil // deleted
	}
	u := obj.(*unstructured.Unstructured)
	_, labelled := u.GetLabels()[c.labelKey]
	conds, idx, hasList := conditionIndexes(u, c.condType)
	pausedTrue := false
	for _, i := range idx {
		if m := conds[i].(map[string]interface{}); m["status"] == "True" {
			pausedTrue = true
		}
	}

	ops := []jsonPatchOp{{Op: "test", Path: "/metadata/resourceVersion", Value: u.GetResourceVersion()}}
	reason, message := "Paused", fmt.Sprintf("reconciliation paused by label %s", c.labelKey)
	switch {
	case labelled && !pausedTrue:
		cond := map[string]interface{}{
			"type":               c.condType,
			"status":             "True",
			"reason":             "PausedByLabel",
			"message":            fmt.Sprintf("reconciliation paused by label %s", c.labelKey),
			"lastTransitionTime": time.Now().UTC().Format(time.RFC3339),
			"observedGeneration": u.GetGeneration(),
		}
		// extra entries of the type are removed from the end, then the first one is replaced
		for j := len(idx) - 1; j >= 1; j-- {
			p := fmt.Sprintf("/status/conditions/%d", idx[j])
			ops = append(ops, jsonPatchOp{Op: "test", Path: p + "/type", Value: c.condType}, jsonPatchOp{Op: "remove", Path: p})
		}
		switch {
		case len(idx) > 0:
			p := fmt.Sprintf("/status/conditions/%d", idx[0])
			ops = append(ops, jsonPatchOp{Op: "test", Path: p + "/type", Value: c.condType}, jsonPatchOp{Op: "replace", Path: p, Value: cond})
		case hasList:
			ops = append(ops, jsonPatchOp{Op: "add", Path: "/status/conditions/-", Value: cond})
		default:
			if _, ok := u.Object["status"].(map[string]interface{}); ok {
				ops = append(ops, jsonPatchOp{Op: "add", Path: "/status/conditions", Value: []interface{}{cond}})
			} else {
				ops = append(ops, jsonPatchOp{Op: "add", Path: "/status", Value: map[string]interface{}{"conditions": []interface{}{cond}}})
			}
		}
	case !labelled && len(idx) > 0:
		reason, message = "Resumed", fmt.Sprintf("label %s removed: reconciliation resumed", c.labelKey)
		for j := len(idx) - 1; j >= 0; j-- {
			p := fmt.Sprintf("/status/conditions/%d", idx[j])
			ops = append(ops, jsonPatchOp{Op: "test", Path: p + "/type", Value: c.condType}, jsonPatchOp{Op: "remove", Path: p})
		}
	default:
		return nil // nothing to do (the "reconcile" of this reference is empty)
	}
	body, err := json.Marshal(ops)
	if err != nil {
		return err
	}
	ri := c.client.Resource(c.gvr)
	var target dynamic.ResourceInterface = ri
	if ns != "" {
		target = ri.Namespace(ns)
	}
	_, err = target.Patch(context.TODO(), name, types.JSONPatchType, body, metav1.PatchOptions{}, "status")
	atomic.AddInt64(&c.writes, 1)
	if err != nil {
		if apierrors.IsInvalid(err) || apierrors.IsConflict(err) { // 422: the RV test failed
			atomic.AddInt64(&c.conflicts, 1)
		} else {
			atomic.AddInt64(&c.errors, 1)
			fmt.Fprintf(os.Stderr, "patch %s: %v\n", key, err)
		}
		return err
	}
	if c.recorder != nil {
		c.recorder.Event(u, corev1.EventTypeNormal, reason, message)
	}
	return nil
}

func main() {
	kubeconfig := flag.String("kubeconfig", os.Getenv("KUBECONFIG"), "kubeconfig file")
	group := flag.String("group", "bench.pause.test", "API group of the custom resource")
	version := flag.String("version", "v1", "API version")
	plural := flag.String("plural", "widgets", "plural resource name")
	namespace := flag.String("namespace", "", "namespace to watch ('' = all)")
	label := flag.String("label", "bench.pause.test/paused", "pause label key")
	condType := flag.String("condition", "Paused", "condition type")
	workers := flag.Int("workers", 2, "workers")
	qps := flag.Float64("qps", 200, "client QPS")
	burst := flag.Int("burst", 400, "client burst")
	events := flag.Bool("events", false, "record an Event per transition (client-go's event broadcaster)")
	flag.Parse()

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubeconfig:", err)
		os.Exit(2)
	}
	cfg.QPS = float32(*qps)
	cfg.Burst = *burst
	cfg.UserAgent = "pause-reference-controller"
	client, err := dynamic.NewForConfig(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(2)
	}
	gvr := schema.GroupVersionResource{Group: *group, Version: *version, Resource: *plural}
	factory := dynamicinformer.NewFilteredDynamicSharedInformerFactory(client, 0, *namespace, nil)
	informer := factory.ForResource(gvr)
	c := &controller{
		client:   client,
		gvr:      gvr,
		lister:   informer.Lister(),
		queue:    workqueue.NewRateLimitingQueue(workqueue.DefaultControllerRateLimiter()),
		labelKey: *label,
		condType: *condType,
	}
	if *events {
		// As a client-go controller records Events: the broadcaster's queue (1000), its
		// correlator (aggregation, per-object spam filter: burst 25, then 1 per 5 min) and
		// one sending goroutine, off the workers' path. The Unstructured carries its kind, so
		// an empty scheme suffices for the object reference.
		core, err := typedcorev1.NewForConfig(cfg)
		if err != nil {
			fmt.Fprintln(os.Stderr, "core client:", err)
			os.Exit(2)
		}
		broadcaster := record.NewBroadcaster()
		broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: core.Events("")})
		defer broadcaster.Shutdown()
		c.recorder = broadcaster.NewRecorder(runtime.NewScheme(), corev1.EventSource{Component: "pause-reference-controller"})
	}
	informer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueue,
		UpdateFunc: func(_, n interface{}) { c.enqueue(n) },
		DeleteFunc: c.enqueue,
	})

	stop := make(chan struct{})
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-sigs
		close(stop)
	}()
	factory.Start(stop)
	if !cache.WaitForCacheSync(stop, informer.Informer().HasSynced) {
		fmt.Fprintln(os.Stderr, "cache sync failed")
		os.Exit(1)
	}
	for i := 0; i < *workers; i++ {
		go wait.Until(c.runWorker, time.Second, stop)
	}
	fmt.Println("READY")

	// "stats" on stdin prints counters (the driver asks between phases).
	go func() {
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
			if strings.TrimSpace(in.Text()) == "stats" {
				fmt.Printf("STATS {\"writes\":%d,\"conflicts\":%d,\"errors\":%d}\n",
					atomic.LoadInt64(&c.writes), atomic.LoadInt64(&c.conflicts), atomic.LoadInt64(&c.errors))
			}
		}
	}()
	<-stop
	c.queue.ShutDown()
}
