// The dashboard's routes. Pages arrive with the web dashboard issue; until then the app says where
// the API and its reference are.
import { Card, Text, Title } from "@tremor/react";

export function App() {
  return (
    <main className="mx-auto max-w-3xl p-6">
      <Card>
        <Title>PromptMetrics</Title>
        <Text>
          The API is running. Its reference is at <a className="text-tremor-brand underline" href="/api/docs">/api/docs</a>.
        </Text>
      </Card>
    </main>
  );
}
