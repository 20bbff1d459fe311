// Any address the dashboard does not know.
import { Link } from "react-router-dom";
import { EmptyState } from "../components/states.tsx";

export default function NotFoundPage() {
  return (
    <EmptyState
      className="min-h-[60vh]"
      title="Page not found"
      description="There is nothing at this address."
      action={
        <Link to="/" className="font-medium text-tremor-brand hover:underline">
          Go to the dashboard
        </Link>
      }
    />
  );
}
